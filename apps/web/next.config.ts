import type { NextConfig } from 'next';

const config: NextConfig = {
  // The model package ships TypeScript sources with ESM-style './x.js' imports; webpack's
  // extensionAlias maps them to the .ts files (Turbopack does not, so the site builds with webpack).
  transpilePackages: ['@colorize/model'],
  poweredByHeader: false,
  devIndicators: false,
  webpack(webpackConfig) {
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] };
    return webpackConfig;
  },
};

export default config;
