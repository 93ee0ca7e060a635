import type { NextConfig } from 'next';

/**
 * What another site loads from this one when it pastes the /embed snippet: the script tag and its
 * local mode (an ES module, imported with CORS), the model and tfjs's .wasm files it fetches, and
 * the demo photo the snippet points at. All are public files with no cookies behind them.
 */
const SHARED = ['/sdk/:path*', '/models/:path*', '/tfjs/:path*', '/demo/:path*'];

const config: NextConfig = {
  poweredByHeader: false,
  devIndicators: false,
  async headers() {
    return SHARED.map((source) => ({ source, headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }));
  },
};

export default config;
