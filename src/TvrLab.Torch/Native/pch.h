// Precompiled header: libtorch's headers dominate compile time, so every shim file shares one parse of them.
#pragma once
#include <torch/torch.h>
#include <ATen/autocast_mode.h>
#include <torch/version.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
