// What an emulator's child process and the stack that started it say to each other over IPC.

/** The emulators that run as libraries, and so can run in this process or in a child of their own. */
export type ChildEmulator = 'kinesalite' | 'dynalite';

export type ChildMessage =
  | { readonly type: 'listening'; readonly endpoint: string }
  | { readonly type: 'failed'; readonly error: string };

export type ParentMessage = { readonly type: 'stop' };

export function isChildMessage(value: unknown): value is ChildMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'listening' || type === 'failed';
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return (value as { type?: unknown } | null)?.type === 'stop';
}
