"""Annotation components. Importing this package registers every component module in it.

Each module adds one layer to an AnnotatedDoc and reads only the layers added before it;
no annotator imports another annotator.
"""

import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
