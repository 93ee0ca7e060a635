import { TrainingBench } from '../components/training-bench';

export const metadata = { title: 'Colorize: training speed per backend' };

export default function Page() {
  return <TrainingBench />;
}
