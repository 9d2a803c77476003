# Cross build for 32-bit ARM Linux, hard-float (Debian armhf), with Debian's
# gcc-arm-linux-gnueabihf:
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-armhf.cmake
# CMakeLists.txt picks server/arch/arm from CMAKE_SYSTEM_PROCESSOR, builds
# rstub static, and fetches libexpat for armhf into a private sysroot
# (cmake/armhf_sysroot.cmake).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
# Programs (pkg-config, python) are the host's; nothing else is searched
# outside the sysroot that armhf_sysroot.cmake points pkg-config at.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
