;; The inner loops of a corpus query (lib/corpus/query.ts), in WebAssembly: a query in a
;; just-started service worker runs them before the JIT has compiled any JavaScript, and there
;; they were most of its time. Same arithmetic as the JavaScript version, which stays as the
;; fallback and as the reference the tests compare with (tests/lib/corpus/accumulate.test.ts).
;;
;; Memory layout (byte offsets chosen by the caller): S = scores (f32 per doc), D = dot products
;; (f32 per doc), T = touched doc numbers (u32), H = the heap of topk (u32), P = postings input.
;; Regenerate lib/corpus/accumulate-wasm.ts after editing: npm run build:wasm.
(module
  (memory (export "memory") 1)

  ;; Adds one term's postings to the accumulators. Postings: a varint doc gap (from doc0), then
  ;; one impact byte. score += sw * impact, dot += dw * impact, computed in f64 and stored as f32
  ;; (as a Float32Array does). A doc whose score was 0 is appended to T. Returns the new count.
  (func (export "acc")
    (param $p i32) (param $len i32) (param $doc i32) (param $next i32)
    (param $sw f64) (param $dw f64)
    (param $S i32) (param $D i32) (param $T i32) (param $nt i32)
    (result i32)
    (local $end i32) (local $c i32) (local $gap i32) (local $shift i32)
    (local $imp f64) (local $a i32) (local $s f32)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (block $done
      (loop $posting
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $gap (i32.and (local.get $c) (i32.const 0x7f)))
        (local.set $shift (i32.const 7))
        (block $varint
          (loop $byte
            (br_if $varint (i32.eqz (i32.and (local.get $c) (i32.const 0x80))))
            (local.set $c (i32.load8_u (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $gap
              (i32.or (local.get $gap)
                (i32.shl (i32.and (local.get $c) (i32.const 0x7f)) (local.get $shift))))
            (local.set $shift (i32.add (local.get $shift) (i32.const 7)))
            (br $byte)))
        (local.set $doc (i32.add (local.get $doc) (local.get $gap)))
        (local.set $imp (f64.convert_i32_u (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $posting (i32.ge_u (local.get $doc) (local.get $next)))
        (local.set $a (i32.add (local.get $S) (i32.shl (local.get $doc) (i32.const 2))))
        (local.set $s (f32.load (local.get $a)))
        ;; Without a branch (whether a doc was touched before is not predictable): the doc is
        ;; written past the touched ones, and counted only if its score was 0.
        (i32.store
          (i32.add (local.get $T) (i32.shl (local.get $nt) (i32.const 2)))
          (local.get $doc))
        (local.set $nt (i32.add (local.get $nt) (f32.eq (local.get $s) (f32.const 0))))
        (f32.store (local.get $a)
          (f32.demote_f64
            (f64.add (f64.promote_f32 (local.get $s))
              (f64.mul (local.get $sw) (local.get $imp)))))
        (local.set $a (i32.add (local.get $D) (i32.shl (local.get $doc) (i32.const 2))))
        (f32.store (local.get $a)
          (f32.demote_f64
            (f64.add (f64.promote_f32 (f32.load (local.get $a)))
              (f64.mul (local.get $dw) (local.get $imp)))))
        (br $posting)))
    (local.get $nt))

  ;; a ranks below b: a lower score, or the same score and a higher doc number.
  (func $less (param $a i32) (param $b i32) (param $S i32) (result i32)
    (local $x f32) (local $y f32)
    (local.set $x (f32.load (i32.add (local.get $S) (i32.shl (local.get $a) (i32.const 2)))))
    (local.set $y (f32.load (i32.add (local.get $S) (i32.shl (local.get $b) (i32.const 2)))))
    (i32.or
      (f32.lt (local.get $x) (local.get $y))
      (i32.and (f32.eq (local.get $x) (local.get $y)) (i32.gt_u (local.get $a) (local.get $b)))))

  (func $get (param $H i32) (param $i i32) (result i32)
    (i32.load (i32.add (local.get $H) (i32.shl (local.get $i) (i32.const 2)))))

  (func $set (param $H i32) (param $i i32) (param $v i32)
    (i32.store (i32.add (local.get $H) (i32.shl (local.get $i) (i32.const 2))) (local.get $v)))

  ;; The k best of the nt touched docs in T, as a min-heap at H (unordered). Returns its size.
  (func (export "topk")
    (param $T i32) (param $nt i32) (param $S i32) (param $k i32) (param $H i32)
    (result i32)
    (local $i i32) (local $d i32) (local $n i32) (local $j i32) (local $p i32)
    (local $l i32) (local $r i32) (local $m i32) (local $tmp i32)
    (if (i32.le_s (local.get $k) (i32.const 0)) (then (return (i32.const 0))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $nt)))
        (local.set $d (call $get (local.get $T) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.lt_u (local.get $n) (local.get $k))
          (then
            ;; push, then sift up
            (call $set (local.get $H) (local.get $n) (local.get $d))
            (local.set $j (local.get $n))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (block $up
              (loop $climb
                (br_if $up (i32.eqz (local.get $j)))
                (local.set $p (i32.shr_u (i32.sub (local.get $j) (i32.const 1)) (i32.const 1)))
                (br_if $up
                  (i32.eqz
                    (call $less
                      (call $get (local.get $H) (local.get $j))
                      (call $get (local.get $H) (local.get $p))
                      (local.get $S))))
                (local.set $tmp (call $get (local.get $H) (local.get $j)))
                (call $set (local.get $H) (local.get $j) (call $get (local.get $H) (local.get $p)))
                (call $set (local.get $H) (local.get $p) (local.get $tmp))
                (local.set $j (local.get $p))
                (br $climb))))
          (else
            (if (call $less (call $get (local.get $H) (i32.const 0)) (local.get $d) (local.get $S))
              (then
                ;; replace the weakest, then sift down
                (call $set (local.get $H) (i32.const 0) (local.get $d))
                (local.set $j (i32.const 0))
                (block $down
                  (loop $sink
                    (local.set $l (i32.add (i32.shl (local.get $j) (i32.const 1)) (i32.const 1)))
                    (local.set $r (i32.add (local.get $l) (i32.const 1)))
                    (local.set $m (local.get $j))
                    (if (i32.lt_u (local.get $l) (local.get $n))
                      (then
                        (if (call $less
                              (call $get (local.get $H) (local.get $l))
                              (call $get (local.get $H) (local.get $m))
                              (local.get $S))
                          (then (local.set $m (local.get $l))))))
                    (if (i32.lt_u (local.get $r) (local.get $n))
                      (then
                        (if (call $less
                              (call $get (local.get $H) (local.get $r))
                              (call $get (local.get $H) (local.get $m))
                              (local.get $S))
                          (then (local.set $m (local.get $r))))))
                    (br_if $down (i32.eq (local.get $m) (local.get $j)))
                    (local.set $tmp (call $get (local.get $H) (local.get $j)))
                    (call $set (local.get $H) (local.get $j) (call $get (local.get $H) (local.get $m)))
                    (call $set (local.get $H) (local.get $m) (local.get $tmp))
                    (local.set $j (local.get $m))
                    (br $sink)))))))
        (br $each)))
    (local.get $n))

  ;; Zeroes the score and dot of the nt touched docs in T (ready for the next query).
  (func (export "clear") (param $T i32) (param $nt i32) (param $S i32) (param $D i32)
    (local $i i32) (local $o i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $nt)))
        (local.set $o (i32.shl (call $get (local.get $T) (local.get $i)) (i32.const 2)))
        (f32.store (i32.add (local.get $S) (local.get $o)) (f32.const 0))
        (f32.store (i32.add (local.get $D) (local.get $o)) (f32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))
)
