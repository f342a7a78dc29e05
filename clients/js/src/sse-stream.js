// Server-Sent Events read over fetch() rather than EventSource: it works in Node (which has no
// EventSource), it can send an Authorization header, and the client, not the browser, decides
// when and from which seq to reconnect. Parses the text/event-stream format (WHATWG HTML §9.2).

/**
 * Reads `response`'s body as events until it ends or `signal` aborts.
 * @param {Response} response
 * @param {{ event(e: { type: string, id: string, data: string }): void, comment(text: string): void }} on
 * @param {AbortSignal} signal
 * @returns {Promise<void>} settles when the stream ends; rejects on a network error
 */
export async function readEventStream(response, on, signal) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const abort = () => reader.cancel().catch(() => {});
  signal.addEventListener('abort', abort, { once: true });
  let buffer = '';
  let event = blank();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || signal.aborted) return;
      buffer += value;
      let end;
      while ((end = lineEnd(buffer)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
        if (line === '') {
          if (event.data.length > 0) on.event({ type: event.type || 'message', id: event.id, data: event.data.join('\n') });
          event = blank();
        } else if (line.startsWith(':')) {
          on.comment(line.slice(1).trim());
        } else {
          field(event, line);
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

function blank() {
  return { type: '', id: '', data: [] };
}

/** Index of the first line break (\n, \r\n or \r) whose end is known, or -1. */
function lineEnd(buffer) {
  const n = buffer.indexOf('\n');
  const r = buffer.indexOf('\r');
  if (r < 0) return n;
  // A \r at the very end may be the first half of \r\n: wait for the next chunk.
  if (r === buffer.length - 1) return n >= 0 && n < r ? n : -1;
  return n >= 0 && n < r ? n : r;
}

function field(event, line) {
  const colon = line.indexOf(':');
  const name = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  if (name === 'data') event.data.push(value);
  else if (name === 'event') event.type = value;
  else if (name === 'id') event.id = value;
}
