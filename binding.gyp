# node-gyp build (node-gyp-build source installs and prebuildify), compiling the same sources as CMakeLists.txt.
# libtorch comes from scripts/find-libtorch.mjs (LIBTORCH, a Python torch, or the system install).
{
  "targets": [
    {
      "target_name": "tstorch",
      "sources": ["<!@(node -e \"const fs=require('fs');for(const d of ['cpp','cpp/models','cpp/distributed'])if(fs.existsSync(d))for(const f of fs.readdirSync(d))if(f.endsWith('.cc'))console.log(d+'/'+f)\")"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node scripts/find-libtorch.mjs includeDirs)"
      ],
      "defines": ["NAPI_EXPERIMENTAL", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-idirafter", "<(module_root_dir)/cpp/distributed/compat", "-D_GLIBCXX_USE_CXX11_ABI=<!(node -e \"console.log(process.env.TSTORCH_CXX11_ABI ?? 1)\")"],
      "libraries": [
        "-L<!(node scripts/find-libtorch.mjs libDir)",
        "-Wl,--no-as-needed",
        "-ltorch", "-ltorch_cpu", "-lc10",
        "<!@(node -e \"const d=require('child_process').execFileSync(process.execPath,['scripts/find-libtorch.mjs','libDir'],{encoding:'utf8'}).trim();const fs=require('fs');for(const l of ['torch_cuda','c10_cuda'])if(fs.readdirSync(d).some(f=>f.startsWith('lib'+l+'.so')))console.log('-l'+l)\")",
        "-Wl,--as-needed",
        "-Wl,-rpath,<!(node scripts/find-libtorch.mjs libDir)"
      ],
      "conditions": [
        ["'<!(node -e \"const d=require('child_process').execFileSync(process.execPath,['scripts/find-libtorch.mjs','libDir'],{encoding:'utf8'}).trim();console.log(require('fs').readdirSync(d).some(f=>f.startsWith('libtorch_cuda.so'))?1:0)\")'=='1'", {
          "defines": ["TSTORCH_WITH_CUDA"]
        }]
      ]
    }
  ]
}
