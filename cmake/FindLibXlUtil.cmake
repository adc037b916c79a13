# Finds Xen's libxlutil (Debian: libxen-dev): devassign_core imports dom.cfg files with it
# (core/import/xl.cpp) and the tests parse exported dom.cfg files exactly as xl does. Found once,
# REQUIRED, by the top-level CMakeLists.txt. libxlutil.h has no extern "C": wrap the #include.
find_path(LIBXLUTIL_INCLUDE_DIR NAMES libxlutil.h)
find_library(LIBXLUTIL_LIBRARY NAMES xlutil)
find_library(LIBXENLIGHT_LIBRARY NAMES xenlight)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibXlUtil REQUIRED_VARS LIBXLUTIL_LIBRARY LIBXENLIGHT_LIBRARY LIBXLUTIL_INCLUDE_DIR)
if(LibXlUtil_FOUND AND NOT TARGET LibXlUtil::LibXlUtil)
  add_library(LibXlUtil::LibXlUtil UNKNOWN IMPORTED)
  set_target_properties(LibXlUtil::LibXlUtil PROPERTIES
    IMPORTED_LOCATION "${LIBXLUTIL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBXLUTIL_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${LIBXENLIGHT_LIBRARY}")
endif()
mark_as_advanced(LIBXLUTIL_INCLUDE_DIR LIBXLUTIL_LIBRARY LIBXENLIGHT_LIBRARY)
