// core::JsonFields: the one reader of request bodies and configuration files.
#include "core/json_fields.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace escalated::core {
namespace {

namespace json = boost::json;

struct Read {
  json::object object;
  FieldErrorCollector errors;
  JsonFields fields;
  explicit Read(const char* text)
      : object(json::parse(text).as_object()), errors(), fields(object, errors) {}
  std::vector<std::string> messages(const std::string& field) const {
    auto it = errors.errors().find(field);
    return it == errors.errors().end() ? std::vector<std::string>{} : it->second;
  }
};

TEST(JsonFields, ReadsEachTypeAndReportsEveryWrongOneByName) {
  Read r(R"({"name": "Ops", "active": true, "count": 3, "owner": 7, "tags": ["a", "b"],
             "bad_name": 1, "bad_active": "yes", "bad_count": 1.5, "bad_owner": 0,
             "bad_tags": ["a", 2], "huge": 18446744073709551615})");
  EXPECT_EQ(r.fields.string("name"), "Ops");
  EXPECT_EQ(r.fields.boolean("active"), true);
  EXPECT_EQ(r.fields.integer("count"), 3);
  EXPECT_EQ(r.fields.id("owner"), 7);
  EXPECT_EQ(r.fields.strings("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r.errors.empty());

  EXPECT_EQ(r.fields.string("bad_name"), std::nullopt);
  EXPECT_EQ(r.fields.boolean("bad_active"), std::nullopt);
  EXPECT_EQ(r.fields.integer("bad_count"), std::nullopt);
  EXPECT_EQ(r.fields.id("bad_owner"), std::nullopt);
  EXPECT_EQ(r.fields.strings("bad_tags"), std::nullopt);
  EXPECT_EQ(r.fields.integer("huge"), std::nullopt);
  EXPECT_EQ(r.messages("bad_name"), std::vector<std::string>{"must be a string"});
  EXPECT_EQ(r.messages("bad_active"), std::vector<std::string>{"must be true or false"});
  EXPECT_EQ(r.messages("bad_count"), std::vector<std::string>{"must be an integer"});
  EXPECT_EQ(r.messages("bad_owner"), std::vector<std::string>{"must be a positive integer id"});
  EXPECT_EQ(r.messages("bad_tags[1]"), std::vector<std::string>{"must be a string"});
  EXPECT_EQ(r.messages("huge"), std::vector<std::string>{"is out of range"});
  EXPECT_THROW(r.errors.raise_if_any(), ValidationError);
}

TEST(JsonFields, AbsentNullRequiredAndNullable) {
  Read r(R"({"gone": null, "assignee": null, "dept": 4})");
  EXPECT_EQ(r.fields.string("missing"), std::nullopt);
  // null reads as absent only where the reader is told so.
  EXPECT_EQ(r.fields.null_means_absent({"gone"}).string("gone"), std::nullopt);
  EXPECT_FALSE(r.fields.has("gone"));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.fields.required_string("subject"), "");
  EXPECT_EQ(r.messages("subject"), std::vector<std::string>{"is required"});
  // nullable: absent, null (clear) and a value are three answers.
  EXPECT_FALSE(r.fields.nullable_id("missing").has_value());
  auto cleared = r.fields.nullable_id("assignee");
  ASSERT_TRUE(cleared.has_value());
  EXPECT_FALSE(cleared->has_value());
  auto set = r.fields.nullable_id("dept");
  ASSERT_TRUE(set.has_value() && set->has_value());
  EXPECT_EQ(**set, 4);
}

TEST(JsonFields, ASectionMaySayWhatAValueMustBe) {
  Read r(R"({"timezone": 7, "hours_id": "x"})");
  EXPECT_EQ(r.fields.string("timezone", "must be an IANA time zone name"), std::nullopt);
  EXPECT_FALSE(r.fields.nullable_id("hours_id", "must be a business-hours id or null"));
  EXPECT_EQ(r.messages("timezone"), std::vector<std::string>{"must be an IANA time zone name"});
  EXPECT_EQ(r.messages("hours_id"),
            std::vector<std::string>{"must be a business-hours id or null"});
}

TEST(JsonFields, RangesNestedPathsAndUnknownMembers) {
  Read r(R"({"Sla": {"WarningMinutes": -1, "Enabeld": true, "BusinessHours": {"Start": 9}},
             "Threads": 300, "Colour": "blue"})");
  r.fields.only({"Sla", "Threads"});
  EXPECT_EQ(r.fields.integer("Threads", 0, 256), std::nullopt);
  auto sla = r.fields.object("Sla");
  ASSERT_TRUE(sla);
  sla->only({"WarningMinutes", "BusinessHours"});
  EXPECT_EQ(sla->integer("WarningMinutes", 0, 100000), std::nullopt);
  auto hours = sla->object("BusinessHours");
  ASSERT_TRUE(hours);
  EXPECT_EQ(hours->string("Start"), std::nullopt);
  EXPECT_EQ(r.messages("Colour"), std::vector<std::string>{"is unknown"});
  EXPECT_EQ(r.messages("Threads"), std::vector<std::string>{"must be an integer from 0 to 256"});
  EXPECT_EQ(r.messages("Sla.Enabeld"), std::vector<std::string>{"is unknown"});
  EXPECT_EQ(r.messages("Sla.WarningMinutes"),
            std::vector<std::string>{"must be an integer from 0 to 100000"});
  EXPECT_EQ(r.messages("Sla.BusinessHours.Start"), std::vector<std::string>{"must be a string"});
}

TEST(JsonFields, NullIsAWrongTypeWhereItMayNotBeAbsent) {
  Read r(R"({"WebRoot": null})");
  EXPECT_EQ(r.fields.string("WebRoot"), std::nullopt);
  EXPECT_EQ(r.messages("WebRoot"), std::vector<std::string>{"must be a string"});
}

TEST(JsonFields, FormTextCarriesIdsAndNumbersOnlyWhenAsked) {
  Read json_body(R"({"department_id": "4", "count": "12"})");
  EXPECT_EQ(json_body.fields.id("department_id"), std::nullopt);
  EXPECT_EQ(json_body.fields.integer("count"), std::nullopt);

  Read form(R"({"department_id": "4", "count": "12", "sign": "-3", "spaced": " 5"})");
  form.fields.numbers_as_text(true);
  EXPECT_EQ(form.fields.id("department_id"), 4);
  EXPECT_EQ(form.fields.integer("count"), 12);
  EXPECT_EQ(form.fields.integer("sign"), std::nullopt);
  EXPECT_EQ(form.fields.id("spaced"), std::nullopt);
}

TEST(JsonFields, ListsReportTheListOrEachBadItem) {
  Read r(R"({"ok": [1, 2, 3], "bad": [1, -2, "x"], "text": "1", "roles": ["agent", 7]})");
  EXPECT_EQ(r.fields.ids("ok"), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(r.fields.ids("bad"), std::nullopt);
  EXPECT_EQ(r.fields.ids("text", "must be a list of department ids"), std::nullopt);
  EXPECT_EQ(r.fields.strings("roles", "must be a list of role slugs", "must be a role slug"),
            std::nullopt);
  EXPECT_TRUE(r.messages("bad").empty());
  EXPECT_EQ(r.messages("bad[1]"), std::vector<std::string>{"must be a positive integer id"});
  EXPECT_EQ(r.messages("bad[2]"), std::vector<std::string>{"must be a positive integer id"});
  EXPECT_EQ(r.messages("text"), std::vector<std::string>{"must be a list of department ids"});
  EXPECT_EQ(r.messages("roles[1]"), std::vector<std::string>{"must be a role slug"});
}

TEST(JsonFields, ListsOfObjectsCarryTheirIndexInEveryPath) {
  Read r(R"({"holidays": [{"date": "2026-12-25"}, 3, {"date": 7}], "none": "x"})");
  auto items = r.fields.objects("holidays");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);  // the item that is not an object has no reader
  EXPECT_EQ((*items)[0].string("date"), "2026-12-25");
  EXPECT_EQ((*items)[1].string("date"), std::nullopt);
  EXPECT_EQ(r.fields.objects("none", "must be a list of holidays"), std::nullopt);
  EXPECT_EQ(r.messages("holidays[1]"), std::vector<std::string>{"must be an object"});
  EXPECT_EQ(r.messages("holidays[2].date"), std::vector<std::string>{"must be a string"});
  EXPECT_EQ(r.messages("none"), std::vector<std::string>{"must be a list of holidays"});
}

TEST(JsonFields, ProblemsFoundElsewhereJoinUnderTheReadersPath) {
  Read r(R"({"schedule": {"monday": []}})");
  auto schedule = r.fields.object("schedule");
  ASSERT_TRUE(schedule);
  schedule->add_errors({{"monday[0].start", {"is not a time"}}});
  r.fields.add_errors({{"name", {"is required"}}});
  EXPECT_EQ(r.messages("schedule.monday[0].start"), std::vector<std::string>{"is not a time"});
  EXPECT_EQ(r.messages("name"), std::vector<std::string>{"is required"});
}

TEST(JsonFields, NullIsAWrongTypeUnlessTheMemberMayBeNull) {
  Read r(R"({"name": null, "secret": null})");
  EXPECT_EQ(r.fields.string("name"), std::nullopt);
  EXPECT_EQ(r.fields.null_means_absent({"secret"}).string("secret"), std::nullopt);
  EXPECT_EQ(r.messages("name"), std::vector<std::string>{"must be a string"});
  EXPECT_TRUE(r.messages("secret").empty());
}

TEST(JsonFields, MembersNoReaderAskedForAreUnknown) {
  Read r(R"({"name": "x", "colour": "red", "when": {"start": 9, "stop": 5},
             "slots": [{"day": "mon", "hour": 1}], "raw": [1]})");
  EXPECT_EQ(r.fields.string("name"), "x");
  auto when = r.fields.object("when");
  ASSERT_TRUE(when);
  EXPECT_EQ(when->integer("start"), 9);
  auto slots = r.fields.objects("slots");
  ASSERT_TRUE(slots && slots->size() == 1);
  EXPECT_EQ((*slots)[0].string("day"), "mon");
  EXPECT_NE(r.fields.value("raw"), nullptr);  // read whole, by another parser
  r.fields.report_unread();
  EXPECT_EQ(r.messages("colour"), std::vector<std::string>{"is unknown"});
  EXPECT_EQ(r.messages("when.stop"), std::vector<std::string>{"is unknown"});
  EXPECT_EQ(r.messages("slots[0].hour"), std::vector<std::string>{"is unknown"});
  EXPECT_TRUE(r.messages("name").empty());
  EXPECT_TRUE(r.messages("raw").empty());
  EXPECT_EQ(r.errors.errors().size(), 3u);
}

}  // namespace
}  // namespace escalated::core
