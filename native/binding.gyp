{
  "targets": [
    {
      "target_name": "hyper_native",
      "sources": [
        "src/addon.cc",
        "src/http-parser.cc",
        "src/chunk-decoder.cc",
        "src/router.cc",
        "src/native-router.cc",
        "src/byte-buffer.cc",
        "src/date-cache.cc",
        "src/connection.cc",
        "src/http-server.cc",
        "src/http-server-requests.cc",
        "src/http-server-responses.cc",
        "src/http-server-files.cc",
        "src/listen-socket.cc",
        "src/static-files.cc",
        "src/static-negotiate.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=c++17", "-O2", "-O0"],
      "cflags": ["-O3", "-fvisibility=hidden"],
      "cflags_cc": ["-std=c++20", "-O3", "-fno-exceptions", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++20",
        "GCC_OPTIMIZATION_LEVEL": "3",
        "GCC_ENABLE_CPP_EXCEPTIONS": "NO"
      }
    }
  ]
}
