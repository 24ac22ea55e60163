#pragma once
#include <map>
#include <string>
#include <vector>

#include "render/backend.hpp"
#include "render/template_context.hpp"

namespace schemashift::cli {

// The formats scaffold writes by default ("all"), in this order.
std::vector<std::string> default_formats(const std::vector<std::string>& template_dirs);

// The selected formats ("all" or ids; none: all), each once. Throws core::Error for an
// unknown id (exit 3, naming where it looked) and for a --var no selected format declares.
std::vector<render::Backend> select_formats(const std::vector<std::string>& formats,
                                            const std::vector<std::string>& template_dirs,
                                            const std::map<std::string, std::string>& variables = {});

// Adds `frameworks` (and has_frameworks) to the context: the README tells, per framework
// written, where its files go and how to run them.
void add_frameworks(render::TemplateContext& context, const std::vector<render::Backend>& backends);

// Every file of the backends, sorted by path, all rendered from the one shared context.
// A backend that renders no file is an error (core::Error, exit 3): never a silent success.
std::vector<render::RenderedFile> render_formats(const render::TemplateContext& context,
                                                 const std::vector<render::Backend>& backends,
                                                 const std::map<std::string, std::string>& variables = {});
// Keeps the context allocated until the process exits instead of freeing it: the command
// is about to return to main, and freeing the Mustache data node by node was ~9 % of
// `plan`'s instructions for memory the kernel reclaims at once. Kept reachable from a
// static pointer, so a leak checker reports it as still reachable, not lost.
void keep_until_exit(render::TemplateContext&& context);

// The paths render_formats would return, without rendering any content (plan's file list).
std::vector<std::string> format_paths(const render::TemplateContext& context, const std::vector<render::Backend>& backends,
                                      const std::map<std::string, std::string>& variables = {});

}  // namespace schemashift::cli
