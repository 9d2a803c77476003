# A private armhf sysroot for cross builds: Debian's libexpat1-dev:armhf and
# libexpat1:armhf unpacked (dpkg-deb -x) under the build directory by
# tools/fetch-armhf, which uses its own apt configuration (the host's apt
# is not told about armhf). pkg-config is then pointed at it, so
# pkg_check_modules(expat) finds the armhf library.
#
# Input: RSTUB_ARMHF_SYSROOT (cache; default <build>/armhf-sysroot).
set(RSTUB_ARMHF_SYSROOT ${CMAKE_BINARY_DIR}/armhf-sysroot CACHE PATH
    "Private sysroot with the armhf libraries rstub links (fetched when missing)")
set(_expat_pc ${RSTUB_ARMHF_SYSROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig/expat.pc)
if(NOT EXISTS ${_expat_pc})
  message(STATUS "rstub: fetching libexpat for armhf into ${RSTUB_ARMHF_SYSROOT}")
  execute_process(
    COMMAND ${CMAKE_SOURCE_DIR}/tools/fetch-armhf --extract ${RSTUB_ARMHF_SYSROOT}
            libexpat1-dev libexpat1
    RESULT_VARIABLE _fetch_rc OUTPUT_QUIET)
  if(NOT _fetch_rc EQUAL 0 OR NOT EXISTS ${_expat_pc})
    message(FATAL_ERROR "rstub: could not get libexpat1-dev:armhf and libexpat1:armhf "
                        "from Debian (tools/fetch-armhf failed, see above)")
  endif()
endif()
set(ENV{PKG_CONFIG_LIBDIR} ${RSTUB_ARMHF_SYSROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig)
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${RSTUB_ARMHF_SYSROOT})
set(ENV{PKG_CONFIG_PATH} "")
