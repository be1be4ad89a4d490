"""Writes a reference JSON file the way every generator in scripts/ does: to a temp file, then renamed, so a run
that dies midway never leaves a half-written reference behind."""
import json
import os


def write_json(path, obj, **dump_options):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, **dump_options)
    os.replace(tmp, path)
