using EnterpriseHub.Alerting.Matching;

namespace EnterpriseHub.Alerting.Tests;

public sealed class MatcherTests
{
    private static readonly Dictionary<string, string> s_labels = new() { ["service"] = "api-gateway", ["env"] = "prod" };

    [Theory]
    [InlineData("service=\"api-gateway\"", true)]
    [InlineData("service=\"api\"", false)]
    [InlineData("service!=\"api\"", true)]
    [InlineData("service=~\"api\"", false)] // anchored: a regex must match the whole value
    [InlineData("service=~\"api.*\"", true)]
    [InlineData("service=~\"gateway\"", false)]
    [InlineData("service=~\"api-gateway|web\"", true)]
    [InlineData("service!~\"api.*\"", false)]
    [InlineData("team=\"\"", true)] // an absent label has the empty value
    [InlineData("team!=\"\"", false)]
    [InlineData("team=~\".*\"", true)]
    [InlineData("env=prod", true)] // quotes are optional
    public void Matchers_follow_alertmanager_semantics(string text, bool expected) =>
        Assert.Equal(expected, MatcherParser.ParseOne(text).Matches(s_labels));

    [Fact]
    public void A_regex_does_not_match_a_value_with_a_trailing_newline_the_way_dollar_would_in_dotnet() =>
        Assert.False(new Matcher("a", MatchOperator.Regex, "x").Matches(new Dictionary<string, string> { ["a"] = "x\n" }));

    [Fact]
    public void A_braced_list_parses_with_commas_inside_quotes_and_escapes()
    {
        var matchers = MatcherParser.Parse("{service=~\"a,b|c\", summary=\"say \\\"hi\\\"\", env!~\"dev.*\"}");

        Assert.Equal(["service=~\"a,b|c\"", "summary=\"say \\\"hi\\\"\"", "env!~\"dev.*\""], matchers.Select(m => m.ToString()));
        Assert.Equal("say \"hi\"", matchers[1].Value);
        Assert.Equal(MatchOperator.NotRegex, matchers[2].Type);
    }

    [Theory]
    [InlineData("service")]
    [InlineData("=\"x\"")]
    [InlineData("service=~\"(\"")]
    [InlineData("service=~\"(a)\\\\1\"")] // backreferences are not RE2
    [InlineData("service!\"x\"")]
    public void Invalid_matchers_are_refused_with_a_format_error(string text) =>
        Assert.Throws<FormatException>(() => MatcherParser.Parse(text));
}
