# DEVASSIGN_SANITIZE: build everything (core, views, app, tests) with AddressSanitizer and
# UndefinedBehaviorSanitizer. Any UBSan report aborts (-fno-sanitize-recover=undefined), so a
# ctest run under this build fails on the first finding. Used by the `asan` preset (CMakePresets.json).
option(DEVASSIGN_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
if(DEVASSIGN_SANITIZE)
  set(devassign_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
  add_compile_options(${devassign_sanitize_flags})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "devassign: building with ASan + UBSan")
endif()
