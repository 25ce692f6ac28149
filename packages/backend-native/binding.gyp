{
  "targets": [
    {
      "target_name": "reparam_native",
      "sources": [
        "native/addon.cc",
        "native/conv.cc",
        "native/elementwise.cc",
        "native/batchnorm.cc",
        "native/pool.cc",
        "native/copy.cc",
        "native/matmul.cc",
        "native/weighted.cc"
      ],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-fexceptions", "-O3", "-march=native", "-std=c++17", "-fopenmp", "-fno-math-errno"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
