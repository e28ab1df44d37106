// One HTTP request and its answer as the server and every handler see them. Its own header
// so that the error answers (api_error) and the server (which renders them) both use these
// types without including each other.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace upsync::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;

} // namespace upsync::http
