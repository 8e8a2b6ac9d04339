using SendImprovement.Core.Plans;

namespace SendImprovement.Core.Tests.Plans;

public class ItemRefTests
{
    [Fact]
    public void SortKey_OrdersRefsNaturally()
    {
        string?[] refs = ["1.10", "1.2b", "2.1", "1.1a", "1.2", "1.1b", "1.9", null, "1.1(c)", "10.1", "1.2a"];

        var sorted = refs.Order(Comparer<string?>.Create(ItemRef.Compare)).ToList();

        Assert.Equal(["1.1a", "1.1b", "1.1(c)", "1.2", "1.2a", "1.2b", "1.9", "1.10", "2.1", "10.1", null], sorted);
    }

    [Theory]
    [InlineData("1.1(c)", "1.1c")]
    [InlineData("5.1 c", "5.1c")]
    [InlineData("1.1C", "1.1c")]
    [InlineData("01.02", "1.2")]
    public void SortKey_TreatsSpellingsOfTheSameRefAlike(string a, string b)
    {
        Assert.Equal(ItemRef.SortKey(a), ItemRef.SortKey(b));
    }

    [Fact]
    public void SortKey_ComparesOrdinally_SoTheDatabaseSortsTheSameWay()
    {
        var keys = new[] { "1.10", "1.9", "1.2b", "1.2" }.Select(ItemRef.SortKey).ToList();

        var sorted = keys.Order(StringComparer.Ordinal).ToList();

        Assert.Equal([ItemRef.SortKey("1.2"), ItemRef.SortKey("1.2b"), ItemRef.SortKey("1.9"), ItemRef.SortKey("1.10")], sorted);
    }

    [Fact]
    public void SortKey_LongNumbers_StayInOrder()
    {
        Assert.True(ItemRef.Compare("1.99999999999", "1.100000000000") < 0);
        Assert.True(ItemRef.Compare("1.1a", "1.1.1") < 0);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("  ", "")]
    public void SortKey_NoRef_IsEmpty(string? reference, string expected)
    {
        Assert.Equal(expected, ItemRef.SortKey(reference));
    }

    [Fact]
    public void Normalise_KeepsTheRefAsWritten_ButTidiesSpaces()
    {
        Assert.Equal("5.1 c", ItemRef.Normalise("  5.1   c "));
        Assert.Null(ItemRef.Normalise("   "));
    }
}
