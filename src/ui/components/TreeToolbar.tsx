/** Above the header tree: the name filter, the sort switch and "Export .tar" of the whole archive. */
import { exportFolder, setFilter, setSort } from '../actions';
import { useAtom } from '../atom';
import { app } from '../state';
import { FilterBox, Switch } from './controls';

const SORTS = [
  ['name', 'Name'],
  ['size', 'Size'],
] as const;

export function TreeToolbar() {
  const sort = useAtom(app, (s) => s.sort);
  const filter = useAtom(app, (s) => s.filter);
  return (
    <div className="toolbar">
      <FilterBox
        label="Filter files by name"
        placeholder="Filter by name"
        value={filter}
        onChange={setFilter}
      />
      <Switch label="Sort" choices={SORTS} value={sort} onChange={setSort} />
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
