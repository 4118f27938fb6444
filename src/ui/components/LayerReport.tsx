/** The nested layer report: where each layer sits, how it was found, what it says about itself. */
import { useEffect, useState } from 'react';
import type { Layer } from '../../core/types';
import type { PeekReply } from '../../worker/protocol';
import { peekLayer, saveLayer } from '../actions';
import { formatBytesExact, formatInt, formatSize, hex } from '../format';
import { layerFacts, layerNotes } from '../../core/layer-facts';
import { HexDump } from './HexDump';
import { Name } from './Name';

const FOUND_BY: Record<Layer['foundBy'], string> = {
  'whole-file': 'whole file',
  'header-field': 'header field',
  marker: 'marker',
  'elf-symbol': 'ELF symbol',
  magic: 'magic scan',
  decoded: 'decoded output',
};

const PEEK_BEFORE = 16;
const PEEK_AFTER = 48;

function peekCaption(p: PeekReply): string {
  if (p.space === 'decoded') return `decoded output of ${p.decodedFrom ?? 'the layer above'}`;
  return 'input file bytes';
}

function Peek({ layer, openId }: { layer: Layer; openId: number }) {
  const [state, setState] = useState<{ key: string; peek: PeekReply | null } | null>(null);
  const key = `${openId}:${layer.id}`;
  useEffect(() => {
    let live = true;
    peekLayer(layer.id, PEEK_BEFORE, PEEK_AFTER).then(
      (peek) => live && setState({ key, peek }),
      () => live && setState({ key, peek: null }),
    );
    return () => {
      live = false;
    };
  }, [key, layer.id]);
  if (!state || state.key !== key) return <div className="peek muted">…</div>;
  const p = state.peek;
  if (!p?.bytes)
    return (
      <div className="peek muted">
        No peek: the decoded bytes that hold this layer are larger than the worker may keep for peeking.
      </div>
    );
  return (
    <div className="peek">
      <div className="peek-caption muted">{peekCaption(p)}</div>
      <HexDump bytes={new Uint8Array(p.bytes)} start={p.start} mark={p.at} />
    </div>
  );
}

function LayerHead({ layer }: { layer: Layer }) {
  return (
    <div className="layer-head">
      <span className="badge">{layer.format}</span>
      <span
        className="layer-id muted mono"
        title="The CLI's number for this layer: kheaders-inspector --layer N"
      >
        #{layer.id}
      </span>
      <span className="layer-label">
        <Name text={layer.label} isolate={false} />
      </span>
      {layer.errors.length > 0 && (
        <span className="badge err">
          {layer.errors.length} error{layer.errors.length > 1 ? 's' : ''}
        </span>
      )}
    </div>
  );
}

/** Offset, length and decoded size: where the layer is and what it holds. */
function PlaceFacts({ layer }: { layer: Layer }) {
  return (
    <>
      <div>
        <dt>Offset</dt>
        <dd className="mono">
          {hex(layer.offset)} <span className="muted">({formatInt(layer.offset)})</span>
          {layer.fileOffset !== undefined && layer.fileOffset !== layer.offset && (
            <span className="muted"> · file {hex(layer.fileOffset)}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Length</dt>
        <dd className="mono" title={layer.length !== null ? formatBytesExact(layer.length) : undefined}>
          {layer.length === null ? 'unknown' : `${formatInt(layer.length)} B`}
          {layer.length !== null && layer.length >= 1024 && (
            <span className="muted"> ({formatSize(layer.length)})</span>
          )}
        </dd>
      </div>
      {layer.outputSize !== undefined && (
        <div>
          <dt>Decoded size</dt>
          <dd className="mono">
            {formatInt(layer.outputSize)} B <span className="muted">({formatSize(layer.outputSize)})</span>
          </dd>
        </div>
      )}
    </>
  );
}

function LayerFacts({ layer }: { layer: Layer }) {
  return (
    <dl className="layer-facts">
      <PlaceFacts layer={layer} />
      <div>
        <dt>Found by</dt>
        <dd>{FOUND_BY[layer.foundBy] ?? layer.foundBy}</dd>
      </div>
      {layerFacts(layer).map((f) => (
        <div key={f.label + f.value}>
          <dt>{f.label}</dt>
          <dd className="mono" title={f.title}>
            <Name text={f.value} isolate={false} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function LayerNotes({ layer }: { layer: Layer }) {
  const notes = layerNotes(layer);
  return (
    <>
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n, i) => (
            <li key={i}>
              <Name text={n} isolate={false} />
            </li>
          ))}
        </ul>
      )}
      {layer.errors.length > 0 && (
        <ul className="layer-errors">
          {layer.errors.map((e, i) => (
            <li key={i}>
              <strong>{e.code}</strong>: <Name text={e.message} isolate={false} />
              {e.offset !== undefined && (
                <span className="mono">
                  {' '}
                  at {hex(e.offset)} ({formatInt(e.offset)})
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Save a layer as a file (carving): its bytes as stored (a compressed stream, a tar, an ELF module),
 * and for a codec layer also its decoded output (the vmlinux inside a bzImage). Not the input file.
 */
function SaveButtons({ layer }: { layer: Layer }) {
  const decoded = layer.outputSize !== undefined;
  return (
    <>
      <button type="button" className="linkbtn small" onClick={() => void saveLayer(layer, false)}>
        {decoded ? 'Save stream' : 'Save bytes'}
      </button>
      {decoded && (
        <button type="button" className="linkbtn small" onClick={() => void saveLayer(layer, true)}>
          Save decoded
        </button>
      )}
    </>
  );
}

function LayerNode({ layer, openId, depth }: { layer: Layer; openId: number; depth: number }) {
  // Peeks open by default where they say something: layers that do not start at their parent's start.
  const [peek, setPeek] = useState(depth > 0 && layer.offset !== 0 && depth <= 6);
  return (
    <li className="layer" data-format={layer.format} data-offset={layer.offset}>
      <div className="layer-card">
        <LayerHead layer={layer} />
        <LayerFacts layer={layer} />
        <LayerNotes layer={layer} />
        <div className="layer-actions">
          <button type="button" className="linkbtn small" aria-expanded={peek} onClick={() => setPeek(!peek)}>
            {peek ? 'Hide bytes' : 'Show bytes'}
          </button>
          {depth > 0 && <SaveButtons layer={layer} />}
        </div>
        {peek && <Peek layer={layer} openId={openId} />}
      </div>
      {layer.children.length > 0 && (
        <ul className="layer-children">
          {layer.children.map((c) => (
            <LayerNode key={c.id} layer={c} openId={openId} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function LayerReport({ root, openId }: { root: Layer; openId: number }) {
  return (
    <div className="layers-pane">
      <ul className="layer-root" aria-label="Layers">
        <LayerNode layer={root} openId={openId} depth={0} />
      </ul>
    </div>
  );
}
