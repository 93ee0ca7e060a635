// tfjs-core's ESM build imports its own files without extensions ('./gradients/Abs_grad'),
// which bundlers resolve and Node does not. Its gradients exist only there (not in the CJS
// bundle Node loads), so Node needs this to train. Registered by ./register-hooks.mjs.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (specifier.startsWith('.') && context.parentURL?.includes('/@tensorflow/tfjs-core/dist/')) {
      return next(`${specifier}.js`, context);
    }
    throw e;
  }
}
