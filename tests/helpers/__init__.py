"""What tests share: reference models and checkpoints, generated images and data sets, a local
HTTP server, a torch-free subprocess runner, free ports. Test modules import from here, never
from each other."""
