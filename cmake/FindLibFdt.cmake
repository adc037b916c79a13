# Finds libfdt (dtc's library). Debian ships neither a CMake config nor a .pc file for it.
# Provides the imported target LibFdt::LibFdt.
find_path(LIBFDT_INCLUDE_DIR NAMES libfdt.h)
find_library(LIBFDT_LIBRARY NAMES fdt)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibFdt REQUIRED_VARS LIBFDT_LIBRARY LIBFDT_INCLUDE_DIR)
if(LibFdt_FOUND AND NOT TARGET LibFdt::LibFdt)
  add_library(LibFdt::LibFdt UNKNOWN IMPORTED)
  set_target_properties(LibFdt::LibFdt PROPERTIES
    IMPORTED_LOCATION "${LIBFDT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBFDT_INCLUDE_DIR}")
endif()
mark_as_advanced(LIBFDT_INCLUDE_DIR LIBFDT_LIBRARY)
