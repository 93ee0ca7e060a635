'use client';
import { useState } from 'react';

interface Row {
  backend: string;
  stepsPerSecond?: number;
  msPerStep?: number;
  note?: string;
}

/**
 * Training steps/s of one model on each backend in turn, in this browser: the same pix2pix
 * step the studio runs, on random data (speed does not depend on it). ?size=&ngf=&steps= set it.
 */
export function TrainingBench() {
  const [rows, setRows] = useState<Row[]>([]);
  const [state, setState] = useState<'idle' | 'running' | 'done'>('idle');

  async function run() {
    setState('running');
    setRows([]);
    const q = new URLSearchParams(location.search);
    const size = Number(q.get('size') ?? 64);
    const ngf = Number(q.get('ngf') ?? 16);
    const steps = Number(q.get('steps') ?? 5);
    const tf = await import('@tensorflow/tfjs-core');
    const { createGenerator, createDiscriminator, createTrainer, disposeParams } = await import('@colorize/model/training');
    const { trainingBackend } = await import('../../lib/backend');
    for (const backend of ['webgpu', 'webgl', 'wasm'] as const) {
      try {
        await trainingBackend(backend);
        const g = createGenerator({ size, depth: Math.log2(size), ngf, innermostNorm: false });
        const d = createDiscriminator({ ndf: ngf });
        const trainer = createTrainer(g, d);
        const x = tf.randomUniform([1, size, size, 1], -1, 1) as import('@tensorflow/tfjs-core').Tensor4D;
        const y = tf.randomUniform([1, size, size, 2], -1, 1) as import('@tensorflow/tfjs-core').Tensor4D;
        await trainer.step(x, y); // warm-up: shaders and kernels compile here
        const t = performance.now();
        for (let i = 0; i < steps; i++) await trainer.step(x, y);
        const ms = (performance.now() - t) / steps;
        trainer.dispose();
        tf.dispose([x, y]);
        disposeParams(g.params);
        disposeParams(d.params);
        setRows((r) => [...r, { backend, msPerStep: ms, stepsPerSecond: 1000 / ms }]);
      } catch (e) {
        setRows((r) => [...r, { backend, note: (e as Error).message }]);
      }
    }
    setState('done');
  }

  return (
    <>
      <h1>Training speed per backend</h1>
      <p className="lead">One pix2pix training step (batch 1, generator and discriminator), timed on each TensorFlow.js backend in this browser.</p>
      <button onClick={() => void run()} disabled={state === 'running'}>Run</button>
      <table className="metrics" data-testid="bench" data-state={state}>
        <thead><tr><th>backend</th><th>steps/s</th><th>ms/step</th><th>note</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.backend}><td>{r.backend}</td><td>{r.stepsPerSecond?.toFixed(2) ?? '-'}</td><td>{r.msPerStep?.toFixed(0) ?? '-'}</td><td>{r.note ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
