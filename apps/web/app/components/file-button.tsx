'use client';
import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file chooser. The button itself takes the keyboard focus (and shows
 * its ring); the file input is only the chooser, out of the tab order, labelled for scripts.
 */
export function FileButton({ children, label, accept, multiple, directory, disabled, secondary, testId, onFiles }: {
  children: ReactNode;
  /** The input's accessible name (what tests and assistive tools find it by). */
  label: string;
  accept?: string;
  multiple?: boolean;
  /** Choose a whole folder (Chromium's webkitdirectory). */
  directory?: boolean;
  disabled?: boolean;
  secondary?: boolean;
  testId?: string;
  onFiles(files: File[]): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={secondary ? 'secondary' : undefined} disabled={disabled} data-testid={testId} onClick={() => input.current?.click()}>{children}</button>
      <input ref={input} className="visually-hidden" type="file" tabIndex={-1} aria-label={label} accept={accept} multiple={multiple} disabled={disabled}
        {...(directory ? { webkitdirectory: '' } : {})}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = ''; // the same file chosen again is a change too
          if (files.length) onFiles(files);
        }} />
    </>
  );
}
