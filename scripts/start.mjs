// npm start: install what is missing, then run the site and the edge worker locally on the
// shipped default model (or, where those apps are absent, colorize the sample photo).
import { existsSync } from 'node:fs';
import { ensureDependencies, ROOT, sh } from './ensure.mjs';

ensureDependencies();
const apps = ['apps/edge', 'apps/web'].filter((a) => existsSync(`${ROOT}${a}/package.json`));
if (apps.length) {
  sh(`npx turbo run dev ${apps.map((a) => `--filter=./${a}`).join(' ')}`);
} else {
  sh('npm run sample -w packages/model');
}
