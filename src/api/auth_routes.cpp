// POST /auth/login, /auth/logout, /auth/register, /auth/password, GET and
// PATCH /auth/me, GET /auth/locale
// and two-factor sign-in (/auth/2fa/setup, /confirm, /disable).
#include <boost/json/array.hpp>
#include <initializer_list>
#include <optional>

#include "api/api.h"
#include "core/locale.h"
#include "core/text.h"
#include "http/problem.h"

namespace escalated::api {

namespace json = boost::json;
using http::Access;
using http::RequestContext;

namespace {

json::object signed_in_json(const services::SignIn& s) {
  return {{"user", services::user_json(s.user)}, {"csrf_token", s.csrf_token}};
}

// The session cookie: HttpOnly so scripts never see it, SameSite=Lax so other
// sites cannot make the browser send it with their forms, Secure whenever
// the request came over TLS (or the configuration insists).
std::string session_cookie(const ApiServices& s, const Request& req, const std::string& value,
                           int max_age_seconds) {
  std::string cookie = std::string(kSessionCookie) + "=" + value + "; Path=/" +
                       s.options.route_prefix +
                       "; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_seconds);
  bool secure = s.options.secure_cookies.value_or(req.tls);
  if (secure) cookie += "; Secure";
  return cookie;
}

// In embedded mode the host signs users in; these routes answer 404 there.
void require_standalone(const ApiServices& s) {
  if (s.embedded()) throw core::NotFound("The host application signs users in.");
}

// The sign-in answer with the new session's cookie; `extra` adds fields to
// the body.
Response with_session(ApiServices& s, const Request& req, int status, const services::SignIn& in,
                      const json::object& extra = {}) {
  json::object body = signed_in_json(in);
  for (const auto& field : extra) body[field.key()] = field.value();
  Response res = http::json_response(status, body);
  res.headers.emplace_back("Set-Cookie", session_cookie(s, req, in.session_token,
                                                        s.options.session_lifetime_hours * 3600));
  res.set_header("Cache-Control", "no-store");
  return res;
}

Response too_many_sign_ins(const security::LoginThrottle::Attempt& attempt) {
  Response r = http::problem(429, "Too Many Requests",
                             "Too many failed sign-ins; try again in " +
                                 std::to_string(attempt.retry_after_seconds()) + " s.");
  r.set_header("Retry-After", std::to_string(attempt.retry_after_seconds()));
  return r;
}

// A signed-in user's password checked again (changing it, turning 2FA off)
// goes through the sign-in throttle under the same keys as sign-in, so a
// stolen session cannot guess the password faster than a stranger could.
// A ValidationError naming one of `guessed` counts as a failure (a wrong
// password, or a wrong code after a right one); anything else does not.
template <class Check>
Response password_checked(security::LoginThrottle* throttle, RequestContext& ctx,
                          std::initializer_list<const char*> guessed, Check&& check) {
  std::optional<security::LoginThrottle::Attempt> attempt;
  if (throttle) {
    attempt =
        throttle->begin_attempt(core::normalize_email(ctx.actor().email), ctx.client_address());
    if (!attempt->allowed()) return too_many_sign_ins(*attempt);
  }
  try {
    Response r = check();
    if (attempt) throttle->succeeded(*attempt);
    return r;
  } catch (const core::ValidationError& e) {
    bool wrong = false;
    for (const char* field : guessed) wrong = wrong || e.errors().count(field) > 0;
    if (attempt && !wrong) throttle->succeeded(*attempt);
    throw;
  } catch (...) {
    if (attempt) throttle->succeeded(*attempt);
    throw;
  }
}

std::string effective_locale_of(const ApiServices& s, const RequestContext& ctx,
                                const std::optional<std::string>& chosen) {
  auto accept = ctx.request().header("Accept-Language");
  return core::effective_locale(chosen,
                                accept ? std::optional<std::string_view>(*accept) : std::nullopt,
                                s.options.default_locale);
}

// The answer of GET and PATCH /auth/me.
json::object me_json(ApiServices& s, const RequestContext& ctx, const store::UserRecord& user) {
  auto text_or_null = [](const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value();
  };
  // Only the user's own view says whether two-factor sign-in is on.
  json::object me = services::user_json(user);
  me["two_factor_enabled"] = s.two_factor.enabled(user.id);
  // What the caller may do (narrowed by an API token's abilities), so
  // a client shows only the actions that will be allowed.
  json::array permissions;
  for (const auto& slug : ctx.actor().permissions.slugs()) permissions.emplace_back(slug);
  me["permissions"] = std::move(permissions);
  // Their own choices (null: none made).
  me["locale"] = text_or_null(user.locale);
  me["timezone"] = text_or_null(user.timezone);
  // Whether GET /ws serves live updates (the web UI connects only then), and
  // the language to show: their choice, else the browser's, else the default.
  return json::object{{"user", std::move(me)},
                      {"real_time", s.options.enable_real_time},
                      {"locale", effective_locale_of(s, ctx, user.locale)}};
}

}  // namespace

void register_auth_routes(http::Router& router, ApiServices& s,
                          security::LoginThrottle* login_throttle,
                          services::PasswordResetService& password_resets) {
  router.add(
      "POST", "/auth/login", Access::kPublic,
      [&s, login_throttle](RequestContext& ctx) {
        require_standalone(s);
        std::string email = ctx.fields().required_string("email");
        std::string password = ctx.fields().required_string("password");
        services::SecondFactor second{ctx.fields().string("totp_code"),
                                      ctx.fields().string("recovery_code")};
        ctx.check();
        // Counted as a failure until the password (and code) proved right; a
        // right password still waiting for its code stays counted, so guessing
        // codes is throttled too.
        std::optional<security::LoginThrottle::Attempt> attempt;
        if (login_throttle) {
          attempt =
              login_throttle->begin_attempt(core::normalize_email(email), ctx.client_address());
          if (!attempt->allowed()) return too_many_sign_ins(*attempt);
        }
        try {
          auto signed_in = s.accounts.login(email, password, second);
          if (attempt) login_throttle->succeeded(*attempt);
          return with_session(s, ctx.request(), 200, signed_in);
        } catch (const services::SecondFactorRequired&) {
          // The password was right: ask for the code, without a session.
          return http::json_response(200, json::object{{"two_factor_required", true}});
        }
      },
      "Sign in with e-mail and password");

  router.add(
      "POST", "/auth/register", Access::kPublic,
      [&s](RequestContext& ctx) {
        require_standalone(s);
        services::NewUser user;
        user.name = ctx.fields().string("name").value_or("");
        user.email = ctx.fields().string("email").value_or("");
        user.password = ctx.fields().string("password").value_or("");
        ctx.check();
        return with_session(s, ctx.request(), 201, s.accounts.register_customer(user));
      },
      "Create a customer account and sign in");

  // Public, so a browser holding an expired session can still clear its cookie.
  router.add(
      "POST", "/auth/logout", Access::kPublic,
      [&s](RequestContext& ctx) {
        require_standalone(s);
        if (auto token = http::cookie_value(ctx.request(), kSessionCookie))
          s.accounts.logout(*token);
        Response res = http::no_content();
        res.headers.emplace_back("Set-Cookie", session_cookie(s, ctx.request(), "", 0));
        return res;
      },
      "End the session");

  // The same answer whether or not the address has an account.
  router.add(
      "POST", "/auth/password/forgot", Access::kPublic,
      [&s, &password_resets](RequestContext& ctx) {
        require_standalone(s);
        std::string email = ctx.fields().required_string("email");
        ctx.check();
        password_resets.request(email);
        return http::json_response(
            202, json::object{{"status", "accepted"},
                              {"detail",
                               "If the address has an account, a link to set a new password is "
                               "on its way."}});
      },
      "Mail a single-use link to set a new password");

  router.add(
      "POST", "/auth/password/reset", Access::kPublic,
      [&s, &password_resets](RequestContext& ctx) {
        require_standalone(s);
        std::string token = ctx.fields().required_string("token");
        std::string password = ctx.fields().required_string("password");
        ctx.check();
        password_resets.reset(token, password);
        return http::json_response(200, json::object{{"status", "reset"}});
      },
      "Set a new password with a link's token; every session of the account ends");

  router.add(
      "POST", "/auth/password", Access::kUser,
      [&s, login_throttle](RequestContext& ctx) {
        require_standalone(s);
        std::string current = ctx.fields().required_string("current_password");
        std::string next = ctx.fields().required_string("new_password");
        ctx.check();
        return password_checked(login_throttle, ctx, {"current_password"}, [&] {
          return with_session(s, ctx.request(), 200,
                              s.accounts.change_password(ctx.actor(), current, next));
        });
      },
      "Change the caller's password; other sessions end");

  router.add(
      "GET", "/auth/me", Access::kUser,
      [&s](RequestContext& ctx) {
        auto user = s.accounts.find(ctx.actor().user_id);
        if (!user) throw core::Unauthorized();
        return http::json_response(200, me_json(s, ctx, *user));
      },
      "The signed-in user");

  // Not only for stand-alone accounts: a host's users choose their language
  // here too.
  router.add(
      "PATCH", "/auth/me", Access::kUser,
      [&s](RequestContext& ctx) {
        services::PreferencesPatch patch;
        patch.locale = ctx.fields().nullable_string("locale");
        patch.timezone = ctx.fields().nullable_string("timezone");
        ctx.check();
        return http::json_response(200,
                                   me_json(s, ctx, s.accounts.set_preferences(ctx.actor(), patch)));
      },
      "Change the caller's language and time zone");

  // For pages shown before sign-in (and anyone else): the language to show.
  router.add(
      "GET", "/auth/locale", Access::kPublic,
      [&s](RequestContext& ctx) {
        std::optional<std::string> chosen;
        if (ctx.signed_in())
          if (auto user = s.accounts.find(ctx.actor().user_id)) chosen = user->locale;
        json::array locales;
        for (std::string_view l : core::kLocales) locales.emplace_back(l);
        return http::json_response(200,
                                   json::object{{"locale", effective_locale_of(s, ctx, chosen)},
                                                {"default_locale", s.options.default_locale},
                                                {"locales", std::move(locales)}});
      },
      "The language to show the caller, and the languages there are");

  // Two-factor sign-in. Turning it on or off is a privilege change: every
  // session of the user ends and the calling browser gets a new one.
  router.add(
      "POST", "/auth/2fa/setup", Access::kUser,
      [&s](RequestContext& ctx) {
        require_standalone(s);
        services::TwoFactorSetup setup = s.two_factor.setup(ctx.actor());
        return http::json_response(
            200, json::object{{"secret", setup.secret}, {"otpauth_uri", setup.otpauth_uri}});
      },
      "Start two-factor setup: a new pending secret");

  router.add(
      "POST", "/auth/2fa/confirm", Access::kUser,
      [&s](RequestContext& ctx) {
        require_standalone(s);
        std::string code = ctx.fields().required_string("code");
        ctx.check();
        services::TwoFactorChange change = s.two_factor.confirm(ctx.actor(), code);
        json::array codes(change.recovery_codes.begin(), change.recovery_codes.end());
        return with_session(s, ctx.request(), 200, s.accounts.open_session(change.user),
                            json::object{{"recovery_codes", std::move(codes)}});
      },
      "Turn two-factor sign-in on with a code; other sessions end");

  router.add(
      "POST", "/auth/2fa/disable", Access::kUser,
      [&s, login_throttle](RequestContext& ctx) {
        require_standalone(s);
        std::string password = ctx.fields().required_string("password");
        std::string code = ctx.fields().required_string("code");
        ctx.check();
        return password_checked(login_throttle, ctx, {"password", "code"}, [&] {
          services::TwoFactorChange change = s.two_factor.disable(ctx.actor(), password, code);
          return with_session(s, ctx.request(), 200, s.accounts.open_session(change.user));
        });
      },
      "Turn two-factor sign-in off; other sessions end");
}

}  // namespace escalated::api
