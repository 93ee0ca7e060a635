// tfjs-core's gradients exist only in its ES-module files (dist/register_all_gradients.js and
// what it imports), not in the CommonJS bundle Node loads for '@tensorflow/tfjs-core'. Those
// files import their siblings without extensions ('./gradients/Abs_grad'), which bundlers
// resolve and Node does not. So training in Node (the ./training entry) needs this hook;
// colorizing, metrics and the browser never do. Registered by ./register.mjs.
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
