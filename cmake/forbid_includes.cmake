# Configure-time guard of the one-way dependencies (docs/architecture.md): stops the build
# when a file under `dir` includes a header whose path matches `pattern`, naming `rule`.
# The tests of the same rules (domain_has_no_io_includes, storage_knows_no_upwork_client)
# catch a file added since the last configure.
function(upsync_forbid_includes dir pattern rule)
  file(GLOB_RECURSE files ${dir}/*.hpp ${dir}/*.cpp)
  foreach(f ${files})
    file(STRINGS ${f} bad_includes REGEX "#[ \t]*include[ \t]*[<\"](${pattern})")
    if(bad_includes)
      message(FATAL_ERROR "${f} includes ${bad_includes}: ${rule}")
    endif()
  endforeach()
endfunction()
