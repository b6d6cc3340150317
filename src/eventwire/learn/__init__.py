"""Training of eventwire's learned components (needs the ``train`` extra: torch, transformers,
onnx). The pipeline never imports this package."""
