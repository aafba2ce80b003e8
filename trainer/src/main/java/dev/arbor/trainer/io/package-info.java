/**
 * Checkpoint I/O: Hugging Face checkpoint folders and the safetensors format, read memory-mapped
 * and written byte-identical to the reference implementation.
 *
 * <h2>Checkpoint folder ({@link dev.arbor.trainer.io.Checkpoint})</h2>
 *
 * <pre>
 * config.json                    Qwen2Config (transformers 4 or 5 keys on load; 4 on save)
 * model.safetensors              the weights; or, on load only, shards
 *   model-0000i-of-0000n.safetensors + model.safetensors.index.json {"weight_map": {name: file}}
 * tokenizer.json                 optional: a Hugging Face tokenizer; without it, the byte tokenizer
 * tokenizer_config.json          optional: bos/eos/pad tokens of tokenizer.json
 * arbor.json                     Arbor's provenance: version, git commit, created, source, seed,
 *                                dtype, tensor count, tokenizer kind (written last)
 * </pre>
 *
 * <p>Parameters are held by Hugging Face name ({@code model.layers.0.self_attn.q_proj.weight},
 * linear weights {@code [out, in]} as PyTorch stores them) in float32, whatever the file's dtype;
 * saving writes the dtype of {@code config.json} ({@code float32} or {@code bfloat16}, rounded to
 * nearest even). Rotary {@code inv_freq} buffers and the head of a tied model are not parameters.
 *
 * <h2>Safetensors ({@link dev.arbor.trainer.io.Safetensors}, {@link
 * dev.arbor.trainer.io.SafetensorsWriter})</h2>
 *
 * <pre>
 * u64 little-endian N | N bytes of JSON header, space-padded | data section
 * header: {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}}
 * </pre>
 *
 * <p>Offsets are relative to the data section; tensors are little-endian and row-major. Why a
 * reader of our own: DJL's {@code NDList.decode} reads the whole file onto the heap and stops at 2
 * GiB. This reader maps each tensor's bytes on demand (files of any size; tensors larger than a
 * mapping window in blocks of rows) and hands them to PyTorch without a heap copy.
 *
 * <h2>DJL 0.35.1 constraint</h2>
 *
 * <p>DJL's PyTorch JNI maps only float32/64, float16, int8/32/64, uint8 and boolean to torch types;
 * asking for bfloat16, int16 or an unsigned 16/32/64-bit type makes its native code call {@code
 * throw;} outside any exception, which aborts the JVM. So bfloat16 never becomes a DJL array here:
 * it is decoded and encoded in Java ({@link dev.arbor.trainer.io.BFloat16}), and the loaders refuse
 * those types before reaching native code.
 */
package dev.arbor.trainer.io;
