import type { DetailedHTMLProps, HTMLAttributes } from 'react';

// The SDK's web component, as JSX sees it.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'colorize-image': DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
        src?: string; mode?: 'edge' | 'local'; endpoint?: string; 'model-url'?: string; saturation?: string; alt?: string; compare?: '';
      };
    }
  }
}
