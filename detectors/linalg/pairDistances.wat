;; Squared Euclidean distances for pairwiseSquaredDistances (simdDistances.ts), on WebAssembly
;; SIMD: two rows against a block of eight at a time, each f64x2 lane holding one pair's sum. A
;; lane adds its pair's squared coordinate differences one coordinate after another, as the
;; scalar loop of distances.ts does, and WebAssembly's f64 arithmetic is IEEE 754 without fused
;; multiply-adds, so every distance is bit-identical to the scalar one. Compiled by
;; scripts/buildWasm.ts into pairDistancesWasm.ts.
(module
  (memory (import "linalg" "memory") 1)

  ;; For rows i = 0, 2, …, iEnd − 2 (iEnd even) of the row-major matrix at $rows (cols doubles a
  ;; row), the distances to the eight rows of the block at $block (cols × 8 doubles: coordinate
  ;; k of its rows at k·8 … k·8 + 7), clamped from below at 1e-30 as Alibi Detect does, written
  ;; to $out + i·$outStride doubles (eight doubles a row).
  (func (export "block")
    (param $rows i32) (param $block i32) (param $out i32) (param $outStride i32)
    (param $cols i32) (param $iEnd i32)
    (local $i i32) (local $k i32) (local $a i32) (local $a2 i32) (local $b i32) (local $o i32)
    (local $rowBytes i32) (local $outBytes i32)
    (local $x v128) (local $y v128) (local $u v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $outBytes (i32.shl (local.get $outStride) (i32.const 3)))
    (local.set $a (local.get $rows))
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $eachRowPair
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $iEnd)))
        (local.set $a2 (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $b (local.get $block))
        (local.set $s0 (v128.const f64x2 0 0)) (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0)) (local.set $s3 (v128.const f64x2 0 0))
        (local.set $t0 (v128.const f64x2 0 0)) (local.set $t1 (v128.const f64x2 0 0))
        (local.set $t2 (v128.const f64x2 0 0)) (local.set $t3 (v128.const f64x2 0 0))
        (local.set $k (i32.const 0))
        (block $colsDone
          (loop $eachCoordinate
            (br_if $colsDone (i32.ge_u (local.get $k) (local.get $cols)))
            (local.set $x (v128.load64_splat (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $y (v128.load64_splat (i32.add (local.get $a2) (i32.shl (local.get $k) (i32.const 3)))))
            (local.set $b0 (v128.load (local.get $b)))
            (local.set $b1 (v128.load offset=16 (local.get $b)))
            (local.set $b2 (v128.load offset=32 (local.get $b)))
            (local.set $b3 (v128.load offset=48 (local.get $b)))
            (local.set $u (f64x2.sub (local.get $x) (local.get $b0)))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $x) (local.get $b1)))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $x) (local.get $b2)))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $x) (local.get $b3)))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $y) (local.get $b0)))
            (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $y) (local.get $b1)))
            (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $y) (local.get $b2)))
            (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $u (f64x2.sub (local.get $y) (local.get $b3)))
            (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $u) (local.get $u))))
            (local.set $b (i32.add (local.get $b) (i32.const 64)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $eachCoordinate)))
        (v128.store (local.get $o) (call $clamp (local.get $s0)))
        (v128.store offset=16 (local.get $o) (call $clamp (local.get $s1)))
        (v128.store offset=32 (local.get $o) (call $clamp (local.get $s2)))
        (v128.store offset=48 (local.get $o) (call $clamp (local.get $s3)))
        (local.set $o (i32.add (local.get $o) (local.get $outBytes)))
        (v128.store (local.get $o) (call $clamp (local.get $t0)))
        (v128.store offset=16 (local.get $o) (call $clamp (local.get $t1)))
        (v128.store offset=32 (local.get $o) (call $clamp (local.get $t2)))
        (v128.store offset=48 (local.get $o) (call $clamp (local.get $t3)))
        (local.set $o (i32.add (local.get $o) (local.get $outBytes)))
        (local.set $a (i32.add (local.get $a2) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $eachRowPair))))

  ;; distances.ts's clamp, lane by lane: pmax(m, s) is `m < s ? s : m`.
  (func $clamp (param $s v128) (result v128)
    (f64x2.pmax (v128.const f64x2 1e-30 1e-30) (local.get $s))))
