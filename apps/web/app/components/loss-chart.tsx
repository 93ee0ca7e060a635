'use client';

interface Series {
  label: string;
  colour: string;
  points: { x: number; y: number }[];
}

/** Small multiples: one line chart per series, each with its own scale, latest value in the legend. */
export function LineCharts({ series, title }: { series: Series[]; title: string }) {
  const w = 300;
  const h = 90;
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <figcaption className="status">{title}</figcaption>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        {series.map((s) => {
          const xs = s.points.map((p) => p.x);
          const ys = s.points.map((p) => p.y);
          const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
          const [y0, y1] = [Math.min(...ys), Math.max(...ys, Math.min(...ys) + 1e-6)];
          const path = s.points.map((p) => `${((p.x - x0) / (x1 - x0)) * w},${h - ((p.y - y0) / (y1 - y0)) * h}`).join(' ');
          const last = ys[ys.length - 1];
          return (
            <svg key={s.label} width={w} height={h + 20} viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label={`${s.label}: latest ${last?.toFixed(4) ?? 'none'}`} data-testid={`chart-${s.label}`} data-points={s.points.length}>
              <rect width={w} height={h} fill="#fff" stroke="#d9d9e0" />
              {s.points.length > 1 && <polyline points={path} fill="none" stroke={s.colour} strokeWidth={1.5} />}
              <text x={4} y={h + 15} fontSize={12} fill="#1b1b1f">{s.label} {last !== undefined ? last.toFixed(4) : ''}</text>
            </svg>
          );
        })}
      </div>
    </figure>
  );
}
