#!/usr/bin/env python3
"""Reference scores from Hugging Face transformers for Arbor's Qwen2 model.

  hf_reference.py init --out DIR [--seed S] [--dtype float32|bfloat16] [--untied]
      writes a tiny random Qwen2 checkpoint (config.json + model.safetensors) with transformers
  hf_reference.py score --model DIR --ids 1,2,3 [--positions 0,1,2]
      prints JSON: per-token log-probs (log-softmax at t-1 gathered at t) and entropies

The JVM interop test (tag `interop`) compares these with Arbor's DJL model on the same folder.
"""
import argparse
import json
import sys

import torch
from transformers import Qwen2Config, Qwen2ForCausalLM


def init(args):
    torch.manual_seed(args.seed)
    config = Qwen2Config(
        vocab_size=264,
        hidden_size=64,
        intermediate_size=172,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        rms_norm_eps=1e-6,
        rope_theta=10000.0,
        max_position_embeddings=4096,
        tie_word_embeddings=not args.untied,
        attn_implementation="eager",
    )
    model = Qwen2ForCausalLM(config)
    with torch.no_grad():
        # Non-zero biases and norms, so that every parameter matters for the comparison.
        for name, p in model.named_parameters():
            if name.endswith("bias") or "norm" in name:
                p.add_(torch.randn_like(p) * 0.1)
    model = model.to(getattr(torch, args.dtype))
    model.save_pretrained(args.out, safe_serialization=True)
    print(json.dumps({"out": args.out, "transformers": __import__("transformers").__version__}))


def score(args):
    model = Qwen2ForCausalLM.from_pretrained(args.model, attn_implementation="eager", dtype=torch.float32)
    model.eval()
    ids = torch.tensor([[int(x) for x in args.ids.split(",")]])
    kwargs = {}
    if args.positions:
        kwargs["position_ids"] = torch.tensor([[int(x) for x in args.positions.split(",")]])
    with torch.no_grad():
        logits = model(input_ids=ids, **kwargs).logits[0].float()
    logp = torch.log_softmax(logits, dim=-1)
    lp = [0.0] + [logp[t - 1, ids[0, t]].item() for t in range(1, ids.shape[1])]
    ent = [0.0] + [-(logp[t - 1].exp() * logp[t - 1]).sum().item() for t in range(1, ids.shape[1])]
    json.dump({"ids": ids[0].tolist(), "logprobs": lp, "entropies": ent}, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("init")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    p.add_argument("--untied", action="store_true")
    p = sub.add_parser("score")
    p.add_argument("--model", required=True)
    p.add_argument("--ids", required=True)
    p.add_argument("--positions")
    args = parser.parse_args()
    {"init": init, "score": score}[args.cmd](args)


if __name__ == "__main__":
    main()
