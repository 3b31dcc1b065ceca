# Run by the build (see compiler/CMakeLists.txt, ark_compiler_layer): fails
# when a file of a layer includes a header of a layer above it, or reaches out
# of the include path with "../". The VM's headers need no entry here: the
# layers below codegen do not have the VM's folder in their include path, so
# including one is already a compile error.
#   -DLAYER=name -DFILES=a.cpp;b.hpp -DFORBIDDEN=codegen/;lints/ -DSTAMP=file
#   [-DWHY=reason]  (default: "a layer above it"; the server's sibling folders give theirs)
if(NOT DEFINED WHY)
  set(WHY "a layer above it")
endif()
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*" "\\1" header "${line}")
    if(header MATCHES "\\.\\./")
      message(FATAL_ERROR "${file}: #include \"${header}\": layer `${LAYER}` may not reach out of its include path (ARCHITECTURE.md, Layers)")
    endif()
    foreach(prefix IN LISTS FORBIDDEN)
      string(FIND "${header}" "${prefix}" at)
      if(at EQUAL 0)
        message(FATAL_ERROR "${file}: #include \"${header}\": layer `${LAYER}` may not include `${prefix}`, ${WHY} (ARCHITECTURE.md, Layers)")
      endif()
    endforeach()
  endforeach()
endforeach()
file(WRITE "${STAMP}" "")
