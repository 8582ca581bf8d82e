// Math whose last bit must not depend on the JavaScript engine: V8 builds differ in the last bit
// of Math.log, exp, pow, sin, cos, atan2 (Node 20 against Debian's Chromium), and one bit of a
// vehicle's drawn speed changes a traffic run. Plain IEEE arithmetic is the same everywhere.

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
/** Index of the high (sign, exponent) word of a double in `i32`. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/**
 * Natural logarithm, the same bits on every engine: the algorithm of FreeBSD's msun / Sun's fdlibm
 * `e_log.c` (reduction to k·ln2 + ln(1+f), minimax polynomial in s = f/(2+f); error < 1 ulp).
 */
export function lnPortable(x: number): number {
  f64[0] = x;
  let hx = i32[HI];
  const lx = i32[LO];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // ln(±0)
    if (hx < 0) return NaN; // ln(negative)
    k -= 54; // subnormal: scale up
    f64[0] = x * TWO54;
    hx = i32[HI];
  }
  if (hx >= 0x7ff00000) return x + x; // +Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  i32[HI] = hx | (i ^ 0x3ff00000); // normalise x or x/2 into [√2/2, √2)
  k += i >> 20;
  const f = f64[0] - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  let j = hx - 0x6147a;
  const w = z * z;
  const j2 = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  j |= j2;
  const R = t2 + t1;
  if (j > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : k * LN2_HI - (s * (f - R) - k * LN2_LO - f);
}
