/** Above the header tree: the name filter, the sort switch and "Export .tar" of the whole archive. */
import { exportFolder, setFilter, setSort } from '../actions';
import { useAtom } from '../atom';
import { app } from '../state';

export function TreeToolbar() {
  const sort = useAtom(app, (s) => s.sort);
  const filter = useAtom(app, (s) => s.filter);
  return (
    <div className="toolbar">
      <input
        type="search"
        className="filter"
        placeholder="Filter by name"
        aria-label="Filter files by name"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="seg" role="group" aria-label="Sort">
        <button type="button" aria-pressed={sort === 'name'} onClick={() => setSort('name')}>
          Name
        </button>
        <button type="button" aria-pressed={sort === 'size'} onClick={() => setSort('size')}>
          Size
        </button>
      </div>
      <button
        type="button"
        className="btn"
        onClick={() => void exportFolder('')}
        title="Download the whole archive as .tar"
      >
        Export .tar
      </button>
    </div>
  );
}
