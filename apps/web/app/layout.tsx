import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { edgeUrl } from '../lib/config';
import './globals.css';

// Read EDGE_URL per request, so one build serves any worker.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Colorize: colour for black-and-white photos',
  description: 'Colorize black-and-white photos at the edge or on your own device, and teach the model your own photos\' colours.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta name="colorize-edge" content={edgeUrl()} />
      </head>
      <body>
        <header className="site">
          <a className="brand" href="/">Colorize</a>
          <nav aria-label="Main">
            <a href="/">Colorize a photo</a>
            <a href="/studio">Studio</a>
            <a href="/embed">Embed</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
