# Fails when a translation is incomplete: runs lupdate over the current sources into a copy of
# each .ts file (so strings added to the code since the last update count too) and looks for
# unfinished entries. Arguments: SOURCE_DIR, LUPDATE, SOURCES_LIST, WORK_DIR.
file(GLOB ts_files ${SOURCE_DIR}/translations/*.ts)
if(NOT ts_files)
    message(FATAL_ERROR "no .ts files in translations/")
endif()
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(ts IN LISTS ts_files)
    get_filename_component(name ${ts} NAME)
    set(copy ${WORK_DIR}/${name})
    configure_file(${ts} ${copy} COPYONLY)
    execute_process(COMMAND ${LUPDATE} -silent -no-obsolete -locations none @${SOURCES_LIST}
                            -ts ${copy}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "lupdate failed: ${err}")
    endif()
    file(READ ${copy} content)
    string(REGEX MATCHALL "type=\"unfinished\"" unfinished "${content}")
    list(LENGTH unfinished count)
    string(FIND "${content}" "<message" any)
    if(count GREATER 0)
        message(FATAL_ERROR "${name}: ${count} strings of the sources are not translated "
                            "(build target update_translations, then translate them)")
    endif()
    if(any EQUAL -1)
        message(FATAL_ERROR "${name} has no entries")
    endif()
endforeach()
