'use client';
import { useEffect, useState } from 'react';

/** Copy by selecting the text and the browser's own copy command, where the Clipboard API is missing (plain http) or refused. */
function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/**
 * A Copy button for one snippet: it says "Copied" (and a screen reader hears it) once the text is
 * on the clipboard, or how to copy by hand where the browser allows neither way.
 */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      done = copyBySelection(text);
    }
    setState(done ? 'copied' : 'failed');
  }

  return (
    <span className="copy">
      <button type="button" className="secondary small" aria-label={state === 'copied' ? undefined : `Copy ${what}`} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="status" role="status">
        {state === 'copied' ? <span className="visually-hidden">Copied {what} to the clipboard</span>
          : state === 'failed' ? 'This browser did not allow copying: select the text and copy it (Ctrl+C, or Cmd+C on a Mac).' : ''}
      </span>
    </span>
  );
}
