import { Studio } from '../components/studio';

export const metadata = { title: 'Studio: fine-tune Colorize on your photos' };

export default function Page() {
  return <Studio />;
}
