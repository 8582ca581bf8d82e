// Where a JSON text stops being valid (offset, line, column), for error messages that name the
// place: JSON.parse's own messages differ between engines and often give no position at all.

export interface TextPosition {
  offset: number;
  /** 1-based. */
  line: number;
  column: number;
  /** True when the text ends before the value does (a truncated file). */
  atEnd: boolean;
}

export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1, atEnd: offset >= text.length };
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Offset of the first character where `text` is not valid JSON (text.length when it ends too
 * early), or null when it is valid. Iterative: a deeply nested hostile text cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  // Containers open: '{' or '['.
  const stack: number[] = [];
  const ws = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const str = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) {
          i = n;
          return false;
        }
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (i + k >= n) {
              i = n;
              return false;
            }
            if (!/[0-9a-fA-F]/.test(text[i + k])) {
              i += k;
              return false;
            }
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const num = (): boolean => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) {
      if (text[i] === '-') i++; // "-" then something else, or the end
      return false;
    }
    i += m[0].length;
    // A number cut short at the end ("1." or "1e") is a truncation.
    if (i < n && /[.eE]/.test(text[i])) {
      i++;
      if (i >= n) i = n;
      return false;
    }
    return true;
  };
  const lit = (): boolean => {
    for (const w of ['true', 'false', 'null']) {
      if (text.startsWith(w, i)) {
        i += w.length;
        return true;
      }
      if (w.startsWith(text.slice(i, i + w.length)) && i + w.length > n) {
        i = n;
        return false;
      }
    }
    return false;
  };
  /** State machine over the containers open (no recursion): a value, a key, or what follows a value. */
  let want: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    ws();
    if (want === 'key') {
      if (i >= n || text[i] !== '"' || !str()) return Math.min(i, n);
      ws();
      if (i >= n || text[i] !== ':') return Math.min(i, n);
      i++;
      want = 'value';
      continue;
    }
    if (want === 'value') {
      if (i >= n) return n;
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (i < n && text[i] === (c === '{' ? '}' : ']')) {
          i++;
          want = 'after';
        } else {
          stack.push(c.charCodeAt(0));
          want = c === '{' ? 'key' : 'value';
        }
        continue;
      }
      const ok = c === '"' ? str() : c === '-' || (c >= '0' && c <= '9') ? num() : lit();
      if (!ok) return Math.min(i, n);
      want = 'after';
      continue;
    }
    if (!stack.length) return i < n ? i : null;
    if (i >= n) return n;
    const top = stack[stack.length - 1];
    const c = text[i];
    if (c === ',') {
      i++;
      want = top === 0x7b ? 'key' : 'value';
    } else if ((top === 0x7b && c === '}') || (top === 0x5b && c === ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}
