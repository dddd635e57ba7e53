/**
 * A reusable Float64Array scratch buffer held through a WeakRef (ECMAScript 2021), so large kernel
 * matrices are not reallocated on every call while the garbage collector may still reclaim them.
 */

let spare: WeakRef<Float64Array> | undefined;

/**
 * A Float64Array of `length` for scratch work that does not outlive the caller (contents
 * arbitrary: the caller writes every element before reading it). The last buffer is kept through
 * a WeakRef, so back-to-back calls skip allocating and page-faulting tens of megabytes again,
 * while the garbage collector stays free to reclaim it between uses.
 */
export function scratchFloat64(length: number): Float64Array {
  const buffer = spare?.deref();
  if (buffer !== undefined && buffer.length >= length) return buffer.subarray(0, length);
  const fresh = new Float64Array(length);
  spare = new WeakRef(fresh);
  return fresh;
}
