import { createRoute, z, type RouteHandler } from '@hono/zod-openapi';
import { limitsOf, type AppEnv } from '../env.js';
import { getModel } from '../model.js';
import { CORS_HEADERS } from './schemas.js';

const ModelInfo = z
  .object({
    id: z.string(), version: z.string(), backend: z.string(), bytes: z.number().int(),
    inputSize: z.number().int(), quantization: z.string(), maxPixels: z.number().int(), maxBytes: z.number().int(),
    hints: z.boolean().openapi({ description: 'Whether it takes colour hints (POST /v1/colorize\'s hints)' }),
  })
  .openapi('Model');

export const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  summary: 'The model this worker serves',
  responses: { 200: { description: 'Model facts', headers: CORS_HEADERS, content: { 'application/json': { schema: z.object({ models: z.array(ModelInfo) }) } } } },
});

export const models: RouteHandler<typeof modelsRoute, AppEnv> = async (c) => {
  const model = await getModel(c.env.ASSETS);
  const limits = limitsOf(c.env);
  const { id, version } = model.colorizer.metadata;
  return c.json({
    models: [{ id, version, backend: model.backend, bytes: model.bytes, inputSize: model.inputSize, quantization: model.quantization, maxPixels: limits.maxPixels, maxBytes: limits.maxBytes, hints: model.hints }],
  }, 200);
};

export const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: answered between inference stages, so promptly during a burst',
  responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.object({ ok: z.boolean() }) } } } },
});

export const health: RouteHandler<typeof healthRoute, AppEnv> = (c) => c.json({ ok: true }, 200);
