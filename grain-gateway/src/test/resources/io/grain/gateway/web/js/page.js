console.log("page script");
