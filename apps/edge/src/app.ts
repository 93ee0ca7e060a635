import { OpenAPIHono } from '@hono/zod-openapi';
import { ColorizeError } from '@colorize/model';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env.js';
import { isServiceErrorCode, serviceError } from './errors.js';
import { HINT_SCHEMA } from './hints.js';
import { MODEL_PATH } from './model.js';
import { colorize, colorizeRoute } from './routes/colorize.js';
import { health, healthRoute, models, modelsRoute } from './routes/models.js';

export type { Env } from './env.js';

/** The worker: routes, CORS, 404/405 and one error shape, { error: { code, message } }, with the status from errors.ts. */
export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        throw serviceError('invalid_option', issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'Invalid request.');
      }
    },
  });

  app.use('/v1/*', async (c, next) => {
    const origins = (c.env.ALLOWED_ORIGINS ?? '*').split(',').map((o) => o.trim());
    return cors({
      origin: origins.includes('*') ? '*' : origins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type'],
      exposeHeaders: ['Server-Timing', 'X-Colorize-Model', 'X-Cache', 'Retry-After'],
      maxAge: 86400,
      credentials: false,
    })(c, next);
  });

  app.openAPIRegistry.registerComponent('schemas', 'Hint', HINT_SCHEMA);
  app.openapi(colorizeRoute, colorize);
  app.openapi(modelsRoute, models);
  app.openapi(healthRoute, health);

  app.doc('/openapi.json', {
    openapi: '3.0.0',
    info: { title: 'Colorize edge API', version: '1.0.0', description: `pix2pix colorization; weights served from ${MODEL_PATH}` },
  });

  // Known paths with the wrong method: 405 with the methods that work.
  const allowed: Record<string, string> = { '/v1/colorize': 'POST, OPTIONS', '/v1/models': 'GET, OPTIONS', '/healthz': 'GET', '/openapi.json': 'GET' };
  for (const [path, allow] of Object.entries(allowed)) {
    app.all(path, (c) => {
      throw serviceError('method_not_allowed', `${c.req.method} is not allowed on ${path}; use ${allow}.`, { Allow: allow });
    });
  }
  app.notFound((c) => serviceError('not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`).getResponse());
  app.onError((e) => {
    if (e instanceof HTTPException) return e.getResponse();
    if (e instanceof ColorizeError && isServiceErrorCode(e.code)) return serviceError(e.code, e.message).getResponse();
    console.error(e);
    return serviceError('internal', 'Something went wrong on our side; the photo was not stored.').getResponse();
  });
  return app;
}
