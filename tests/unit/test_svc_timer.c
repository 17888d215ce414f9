/* Unit tests of the timers' calendar (svc_timer_next): the next instant a
 * calendar event allows, in local time, across days, months and years,
 * Vixie cron's day-of-month / day-of-week rule, a date that never comes,
 * and the summer time changes (POSIX TZ rules: no tzdata needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "svc_int.h"

#define BIT(n) ((uint64_t)1 << (n))

/* "YYYY-MM-DD HH:MM:SS" in the current TZ, as a time_t. */
static time_t at(const char *text)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_non_null(strptime(text, "%Y-%m-%d %H:%M:%S", &tm));
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static const char *show(time_t t)
{
	static char buf[32];
	struct tm tm;

	if (t == (time_t)-1)
		return "never";
	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static void expect_next(const struct bc_timer *t, const char *after, const char *next)
{
	assert_string_equal(show(svc_timer_next(t, at(after))), next);
}

static void use_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void test_every(void **state)
{
	struct bc_timer every_second = { 0 };
	struct bc_timer every_minute = { .seconds = BIT(0) };

	(void)state;
	use_tz("UTC0");
	expect_next(&every_second, "2026-12-02 10:00:00", "2026-12-02 10:00:01");
	expect_next(&every_minute, "2026-12-02 10:00:00", "2026-12-02 10:01:00");
	expect_next(&every_minute, "2026-12-02 10:00:59", "2026-12-02 10:01:00");
	/* across a day, a month and a year */
	expect_next(&every_minute, "2026-12-31 23:59:30", "2027-01-01 00:00:00");
}

static void test_fields(void **state)
{
	/* 03:15 every day (cron "15 3 * * *") */
	struct bc_timer daily = { .hours = BIT(3), .minutes = BIT(15), .seconds = BIT(0) };
	/* noon on Sundays and Wednesdays */
	struct bc_timer weekly = { .days_of_week = BIT(0) | BIT(3),
		                   .hours = BIT(12),
		                   .minutes = BIT(0),
		                   .seconds = BIT(0) };
	/* 09:10 on the 1st and 15th of January and July */
	struct bc_timer monthly = { .months = BIT(1) | BIT(7),
		                    .days_of_month = BIT(1) | BIT(15),
		                    .hours = BIT(9),
		                    .minutes = BIT(10),
		                    .seconds = BIT(0) };

	(void)state;
	use_tz("UTC0");
	expect_next(&daily, "2026-12-02 03:14:59", "2026-12-02 03:15:00");
	expect_next(&daily, "2026-12-02 03:15:00", "2026-12-03 03:15:00");
	expect_next(&daily, "2026-12-02 22:00:00", "2026-12-03 03:15:00");
	/* 2026-12-02 is a Wednesday */
	expect_next(&weekly, "2026-12-02 11:00:00", "2026-12-02 12:00:00");
	expect_next(&weekly, "2026-12-02 12:00:00", "2026-12-06 12:00:00");
	expect_next(&monthly, "2026-12-02 00:00:00", "2027-01-01 09:10:00");
	expect_next(&monthly, "2027-01-01 09:10:00", "2027-01-15 09:10:00");
	expect_next(&monthly, "2027-01-15 09:10:00", "2027-07-01 09:10:00");
}

static void test_days(void **state)
{
	/* cron "0 0 13 * 5": the 13th, and every Friday (either will do) */
	struct bc_timer either = { .days_of_month = BIT(13),
		                   .days_of_week = BIT(5),
		                   .hours = BIT(0),
		                   .minutes = BIT(0),
		                   .seconds = BIT(0) };
	/* the 29th of February: leap years only */
	struct bc_timer leap = { .months = BIT(2),
		                 .days_of_month = BIT(29),
		                 .hours = BIT(0),
		                 .minutes = BIT(0),
		                 .seconds = BIT(0) };
	/* the 30th of February never comes */
	struct bc_timer never = { .months = BIT(2), .days_of_month = BIT(30), .seconds = BIT(0) };
	/* the 31st: months that have one */
	struct bc_timer last = {
		.days_of_month = BIT(31), .hours = BIT(0), .minutes = BIT(0), .seconds = BIT(0)
	};

	(void)state;
	use_tz("UTC0");
	/* Friday 2026-12-04 comes before Sunday 2026-12-13 */
	expect_next(&either, "2026-12-02 00:00:00", "2026-12-04 00:00:00");
	expect_next(&either, "2026-12-11 00:00:00", "2026-12-13 00:00:00");
	expect_next(&leap, "2026-03-01 00:00:00", "2028-02-29 00:00:00");
	assert_true(svc_timer_next(&never, at("2026-12-02 00:00:00")) == (time_t)-1);
	expect_next(&last, "2027-01-31 00:00:00", "2027-03-31 00:00:00");
}

static void test_summer_time(void **state)
{
	/* Central European Time: 02:00 to 03:00 skipped on the last Sunday
	 * of March, 02:00 to 03:00 twice on the last Sunday of October */
	struct bc_timer half_past_two = { .hours = BIT(2), .minutes = BIT(30), .seconds = BIT(0) };
	struct bc_timer every_minute = { .seconds = BIT(0) };

	(void)state;
	use_tz("CET-1CEST,M3.5.0,M10.5.0/3");
	/* 2027-03-28: no 02:30 that day */
	expect_next(&half_past_two, "2027-03-27 03:00:00", "2027-03-29 02:30:00");
	/* the minute after 01:59 is 03:00 */
	expect_next(&every_minute, "2027-03-28 01:59:00", "2027-03-28 03:00:00");
	/* 2027-10-31: 02:30 comes (at least once), then the next day's */
	time_t first = svc_timer_next(&half_past_two, at("2027-10-31 00:00:00"));
	assert_string_equal(show(first), "2027-10-31 02:30:00");
	time_t then = svc_timer_next(&half_past_two, first + 3600);
	assert_string_equal(show(then), "2027-11-01 02:30:00");
	/* after an instant of the hour that comes twice, its second time
	 * (02:10 CET, one hour after 02:10 CEST): not the next day */
	time_t cest = at("2027-10-31 01:10:00") + 3600; /* 02:10 CEST */
	(void)svc_timer_next(&every_minute, cest - 60); /* mktime's hint: CEST */
	time_t next = svc_timer_next(&every_minute, cest + 3600);
	assert_true(next - (cest + 3600) <= 3600);
	use_tz("UTC0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_summer_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
