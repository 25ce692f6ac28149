{
  "targets": [
    {
      "target_name": "reparam_jpeg",
      "sources": ["native/jpegTransform.cc"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno"],
      "libraries": ["-ljpeg"]
    }
  ]
}
