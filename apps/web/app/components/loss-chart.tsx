'use client';
import type { HeldOutScores } from '../../lib/studio-protocol';

export interface Series {
  /** A name a person understands, e.g. "colour error". */
  label: string;
  /** Short id for tests and screen readers' structure. */
  id: string;
  /** What better looks like, said under the chart ("lower is better"). */
  hint?: string;
  colour: string;
  points: { x: number; y: number }[];
}

const W = 300;
const H = 110;
const LEFT = 52;
const BOTTOM = 30;
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** One line chart with its own scale: y axis with its range, x axis in steps, the latest value in the title. */
function Chart({ s }: { s: Series }) {
  const xs = s.points.map((p) => p.x);
  const ys = s.points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs, 0), Math.max(...xs, 1)];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys, Math.min(...ys) + 1e-6)] : [0, 1];
  const px = (x: number) => LEFT + ((x - x0) / (x1 - x0)) * (W - LEFT - 8);
  const py = (y: number) => 8 + (1 - (y - y0) / (y1 - y0)) * (H - 8);
  const last = ys[ys.length - 1];
  return (
    <figure className="chart">
      <figcaption><strong>{s.label}</strong>{last !== undefined && <> now {fmt(last)}</>}{s.hint && <span className="status"> ({s.hint})</span>}</figcaption>
      <svg width={W} height={H + BOTTOM} viewBox={`0 0 ${W} ${H + BOTTOM}`} role="img" data-testid={`chart-${s.id}`} data-points={s.points.length}
        aria-label={`${s.label} by training step: ${s.points.length ? `from ${fmt(ys[0]!)} to ${fmt(last!)}` : 'no data yet'}`}>
        <line x1={LEFT} y1={8} x2={LEFT} y2={H} stroke="#8a8a94" />
        <line x1={LEFT} y1={H} x2={W - 8} y2={H} stroke="#8a8a94" />
        <text x={LEFT - 4} y={14} fontSize={11} textAnchor="end">{fmt(y1)}</text>
        <text x={LEFT - 4} y={H} fontSize={11} textAnchor="end">{fmt(y0)}</text>
        <text x={LEFT} y={H + 14} fontSize={11}>{x0}</text>
        <text x={W - 8} y={H + 14} fontSize={11} textAnchor="end">{x1}</text>
        <text x={(LEFT + W) / 2} y={H + 27} fontSize={11} textAnchor="middle">training step</text>
        {s.points.length > 1 && <polyline points={s.points.map((p) => `${px(p.x)},${py(p.y)}`).join(' ')} fill="none" stroke={s.colour} strokeWidth={1.5} />}
        {s.points.length === 1 && <circle cx={px(s.points[0]!.x)} cy={py(s.points[0]!.y)} r={3} fill={s.colour} />}
      </svg>
    </figure>
  );
}

/** Small multiples: one chart per series, each with its own scale. */
export function LineCharts({ series, title }: { series: Series[]; title: string }) {
  return (
    <section className="charts" aria-label={title}>
      <h3>{title}</h3>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        {series.map((s) => <Chart key={s.id} s={s} />)}
      </div>
    </section>
  );
}

/** The studio's charts: losses on the training photos, scores on the held-out ones, in plain names; each group once it has data. */
export function TrainingCharts({ losses, metrics }: {
  losses: { step: number; genGan: number; genL1: number; discTotal: number }[]; metrics: ({ step: number } & HeldOutScores)[];
}) {
  return (
    <>
      {losses.length > 0 && <LineCharts title="How training goes (on the training photos)" series={[
        { id: 'l1', label: 'Colour error', hint: 'L1 distance to the real colours, lower is better', colour: '#1d6b2f', points: losses.map((l) => ({ x: l.step, y: l.genL1 })) },
        { id: 'realism', label: 'Realism, as the judge sees it', hint: "generator's GAN loss, lower fools the judge more", colour: '#2f5fd0', points: losses.map((l) => ({ x: l.step, y: l.genGan })) },
        { id: 'judge', label: "Judge's error", hint: "discriminator's loss", colour: '#a40000', points: losses.map((l) => ({ x: l.step, y: l.discTotal })) },
      ]} />}
      {metrics.length > 0 && <LineCharts title="Scores on the held-out photos" series={[
        { id: 'psnr', label: 'Closeness (PSNR, dB)', hint: 'higher is better', colour: '#2f5fd0', points: metrics.map((m) => ({ x: m.step, y: m.psnr })) },
        { id: 'ciede2000', label: 'Colour difference', hint: 'CIEDE2000, lower is better', colour: '#a40000', points: metrics.map((m) => ({ x: m.step, y: m.ciede2000 })) },
        { id: 'colourfulness', label: 'Colourfulness', hint: 'against the real photos, 1 is as vivid', colour: '#b36b00', points: metrics.map((m) => ({ x: m.step, y: m.colourfulness })) },
      ]} />}
    </>
  );
}
