"""Test against metricsdk's local emulator of all four APIs.

```python
from metricsdk.testing import Emulator, Fault

with Emulator() as emu:
    ...  # point a client at emu.url with emu.aws_credentials
```
"""

from metricsdk.testing._emulator.app import RecordedRequest
from metricsdk.testing._emulator.faults import Fault
from metricsdk.testing.emulator import Emulator
from metricsdk.testing.standalone import standalone_emulator

__all__ = ["Emulator", "Fault", "RecordedRequest", "standalone_emulator"]
