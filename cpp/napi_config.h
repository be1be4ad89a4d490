// Node-API configuration shared by every translation unit. NAPI_EXPERIMENTAL without NAPI_VERSION makes the
// module report the experimental API version, which lets "basic" finalizers run synchronously inside V8's GC:
// the only way measured (../shared/notes/memory.md) to free libtorch memory inside a synchronous JS loop.
#pragma once
#ifndef NAPI_EXPERIMENTAL
#define NAPI_EXPERIMENTAL
#endif
#ifndef NAPI_CPP_EXCEPTIONS
#define NAPI_CPP_EXCEPTIONS
#endif
#include <napi.h>
